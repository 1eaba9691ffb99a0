import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorKind, errorLabel, errorLabels, labelledEnums } from '@app/federation';
import './domain';

/** Every `*.exception.ts` of both libraries: each exports its feature's code enum. */
function exceptionFiles(): string[] {
  const roots = [join(__dirname), join(__dirname, '..', '..', 'federation', 'src')];
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.exception.ts')) found.push(full);
    }
  };
  roots.forEach(walk);
  return found;
}

describe('Chinese labels of the API', () => {
  it('labels every value of every registered enum', () => {
    const enums = labelledEnums();
    expect(enums.map((labelled) => labelled.name)).toEqual(expect.arrayContaining(['Role', 'Tier', 'RecipientState', 'FilingStatus', 'ClueStatus', 'DeadlineKind']));
    for (const labelled of enums) {
      for (const value of labelled.values) expect({ enum: labelled.name, value: value.value, label: value.label.trim() }).toEqual({ enum: labelled.name, value: value.value, label: expect.stringMatching(/\S/) });
    }
  });

  it('has a Chinese message for every code of every feature exception', async () => {
    const files = exceptionFiles();
    expect(files.length).toBeGreaterThanOrEqual(15);
    for (const file of files) {
      const exported = (await import(file)) as Record<string, unknown>;
      const codeEnums = Object.entries(exported).filter(([name, value]) => name.endsWith('ErrorCode') && typeof value === 'object');
      expect({ file, codeEnums: codeEnums.length }).toEqual({ file, codeEnums: 1 });
      for (const code of Object.values(codeEnums[0][1] as Record<string, string>)) expect({ code, label: errorLabel(code) }).toEqual({ code, label: expect.stringMatching(/[\u4e00-\u9fff]/) });
    }
  });

  it('has a message for every error kind', () => {
    for (const kind of Object.values(ErrorKind)) expect(errorLabel(kind)).toMatch(/[\u4e00-\u9fff]/);
    expect(errorLabels().every((entry) => entry.label.length > 0)).toBe(true);
  });
});
