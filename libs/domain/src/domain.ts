import { DynamicModule, Type } from '@nestjs/common';

/**
 * The feature modules and migrations of the domain, in the order a host loads them. Every host
 * runs every feature: a message type must have its handler wherever it can arrive.
 */
export const domainFeatures: Array<Type | DynamicModule> = [];

export const domainMigrations: Array<Type> = [];
