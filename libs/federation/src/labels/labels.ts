import { registerEnumType } from '@nestjs/graphql';

/** A TypeScript string enum (every enum of the API is one). */
export type StringEnum = Record<string, string>;

/** A Chinese label for every value of `E`: leaving one out, or naming one that is not there, fails to compile. */
export type EnumLabels<E extends StringEnum> = { readonly [V in E[keyof E]]: string };

export interface LabelledEnumOptions<E extends StringEnum> {
  /** The GraphQL name of the enum. */
  name: string;
  description?: string;
  labels: EnumLabels<E>;
}

export interface LabelledValue {
  /** As GraphQL shows it (the TypeScript member name, e.g. `InspectionOffice`). */
  value: string;
  /** As stored and as plain-string fields carry it (e.g. `inspection_office`). */
  internalValue: string;
  label: string;
}

export interface LabelledEnum {
  name: string;
  description?: string;
  values: LabelledValue[];
}

const enums = new Map<string, LabelledEnum>();
const errors = new Map<string, string>();

/**
 * Registers a GraphQL enum whose values carry their Chinese display names (as each value's
 * description) and records those names for the `labels` query, so every client shows the same words.
 */
export function registerLabelledEnum<E extends StringEnum>(enumRef: E, options: LabelledEnumOptions<E>): void {
  const labels = options.labels as Record<string, string>;
  const values = Object.entries(enumRef).map(([key, internalValue]) => ({ value: key, internalValue, label: labels[internalValue] }));
  registerEnumType(enumRef, {
    name: options.name,
    description: options.description,
    valuesMap: Object.fromEntries(values.map(({ value, label }) => [value, { description: label }])) as Partial<Record<keyof E, { description: string }>>,
  });
  if (enums.has(options.name)) throw new Error(`enum ${options.name} is labelled twice`);
  enums.set(options.name, { name: options.name, description: options.description, values });
}

/** A Chinese message for every code of `E` (a feature's error codes, or the API's own). */
export type ErrorLabels<E extends StringEnum> = EnumLabels<E>;

/**
 * Records the Chinese message of each error code. A code means one thing across the whole API
 * (clients look a code up without knowing which feature raised it), so a code registered twice must
 * carry the same message; a different one is a programming error caught when the module loads.
 */
export function registerErrorLabels<E extends StringEnum>(codes: E, labels: ErrorLabels<E>): void {
  for (const code of Object.values(codes)) {
    const label = (labels as Record<string, string>)[code];
    const known = errors.get(code);
    if (known !== undefined && known !== label) throw new Error(`error code ${code} is labelled "${known}" and "${label}": one code, one message`);
    errors.set(code, label);
  }
}

export function labelledEnums(): LabelledEnum[] {
  return [...enums.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function labelledEnum(name: string): LabelledEnum | undefined {
  return enums.get(name);
}

export function errorLabel(code: string): string | undefined {
  return errors.get(code);
}

export function errorLabels(): Array<{ code: string; label: string }> {
  return [...errors.entries()].map(([code, label]) => ({ code, label })).sort((a, b) => a.code.localeCompare(b.code));
}
