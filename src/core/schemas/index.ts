export * from './common.ts';
export * from './scoring-scheme.ts';
export * from './person.ts';
export * from './register.ts';
export * from './risk.ts';
export * from './settings.ts';
