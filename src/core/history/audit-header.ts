/**
 * The audit CSV's header, a contract (`npm run audit -- --csv`, /audit.csv and the audit page's
 * "Download these changes"). In a module of its own so the page's script can import it
 * without audit.ts's CSV parser.
 */
export const AUDIT_CSV_HEADER = 'date,commit,register,risk,change,before,after,author,submitter,proposal,merged_by,flags';
