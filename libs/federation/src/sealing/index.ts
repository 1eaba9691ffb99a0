export * from './sealed-box';
export * from './sealed-content';
