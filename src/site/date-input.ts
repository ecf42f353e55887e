/** GOV.UK's date input, three boxes for one date: https://design-system.service.gov.uk/components/date-input/ */
export const DATE_INPUT_PARTS = [
  { part: 'day', label: 'Day', width: 2 },
  { part: 'month', label: 'Month', width: 2 },
  { part: 'year', label: 'Year', width: 4 },
] as const;
