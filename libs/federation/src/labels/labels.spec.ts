import { errorLabel, labelledEnum, registerErrorLabels, registerLabelledEnum } from './labels';

enum Colour {
  Red = 'red',
  DarkBlue = 'dark_blue',
}

enum Clash {
  TaskNotFound = 'TEST_TASK_NOT_FOUND',
}

describe('labels', () => {
  it('records each value under its GraphQL name and its stored value', () => {
    registerLabelledEnum(Colour, { name: 'TestColour', labels: { red: '红', dark_blue: '深蓝' } });
    expect(labelledEnum('TestColour')?.values).toEqual([
      { value: 'Red', internalValue: 'red', label: '红' },
      { value: 'DarkBlue', internalValue: 'dark_blue', label: '深蓝' },
    ]);
  });

  it('requires a label for every value, at compile time', () => {
    enum Partial {
      A = 'a',
      B = 'b',
    }
    // @ts-expect-error b has no label
    const missing: Parameters<typeof registerLabelledEnum<typeof Partial>>[1]['labels'] = { a: '甲' };
    // @ts-expect-error c is not a value
    const extra: Parameters<typeof registerLabelledEnum<typeof Partial>>[1]['labels'] = { a: '甲', b: '乙', c: '丙' };
    expect([missing, extra]).toHaveLength(2);
  });

  it('refuses one code with two different messages', () => {
    registerErrorLabels(Clash, { TEST_TASK_NOT_FOUND: '任务不存在' });
    expect(() => registerErrorLabels(Clash, { TEST_TASK_NOT_FOUND: '整改任务不存在' })).toThrow(/one code, one message/);
    registerErrorLabels(Clash, { TEST_TASK_NOT_FOUND: '任务不存在' });
    expect(errorLabel('TEST_TASK_NOT_FOUND')).toBe('任务不存在');
  });

});
