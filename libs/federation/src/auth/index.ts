export * from './access.service';
export * from './auth.exception';
export * from './auth.guard';
export * from './caller';
export * from './caller-tokens';
export * from './denial-recorder';
