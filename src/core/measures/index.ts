/** Performance and safeguarding measures: framework-free, no I/O beyond reading a data directory. */
export * from './schema.ts';
export * from './periods.ts';
export * from './rag.ts';
export * from './disclosure.ts';
export * from './paths.ts';
export * from './csv.ts';
export * from './checks.ts';
export * from './load.ts';
export * from './publish.ts';
export * from './indicators.ts';
export * from './import.ts';
