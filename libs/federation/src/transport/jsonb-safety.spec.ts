import { jsonbProblem, storableText } from './jsonb-safety';

describe('jsonbProblem', () => {
  it('accepts what jsonb stores, Chinese and astral characters included', () => {
    expect(jsonbProblem({ title: '关于长安区的巡察 😀', list: ['a', { b: 'c\n\t' }], n: 1, ok: true, none: null })).toBeNull();
  });

  it('names the path of a NUL in a value or a key', () => {
    expect(jsonbProblem({ payload: { title: 'a\u0000b' } })).toBe('payload.title');
    expect(jsonbProblem({ payload: { list: ['x', 'y\u0000'] } })).toBe('payload.list[1]');
    expect(jsonbProblem({ payload: { 'bad\u0000key': 1 } })).toBe('payload.bad\u0000key (key)');
  });

  it('finds half of a surrogate pair, alone at either end', () => {
    expect(jsonbProblem({ a: 'x\ud800' })).toBe('a');
    expect(jsonbProblem({ a: '\udc00x' })).toBe('a');
    expect(jsonbProblem({ a: '\ud83d\ude00' })).toBeNull();
  });

  it('cleans index text to what a text column takes', () => {
    expect(storableText('ab\u0000c\ud800', 10)).toBe('ab\ufffdc\ufffd');
    expect(storableText('abcdef', 3)).toBe('abc');
  });
});
