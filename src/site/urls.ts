/** The one place that knows the site's URLs. */
const base = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;

export const homeUrl = (): string => base;
export const registerUrl = (id: string): string => `${base}registers/${id}/`;
export const riskUrl = (id: string): string => `${base}risks/${id}/`;
export const registerJsonUrl = (id: string): string => `${base}api/registers/${id}.json`;
export const registerCsvUrl = (id: string): string => `${base}api/registers/${id}.csv`;
/** The audit trail: its newest financial year, or the year given (e.g. `2025-26`). */
export const auditUrl = (year?: string): string => `${base}audit/${year === undefined ? '' : `${year}/`}`;
export const auditCsvUrl = (): string => `${base}audit.csv`;
export const accessibilityUrl = (): string => `${base}accessibility/`;
