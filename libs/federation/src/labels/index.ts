export * from './api-error-labels';
export * from './labels';
