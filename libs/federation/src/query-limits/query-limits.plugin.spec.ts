import { Kind, OperationDefinitionNode, buildSchema, parse } from 'graphql';
import { OperationCosts, operationDepth } from './query-limits.plugin';

const depth = (query: string) => {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return operationDepth(document, operation);
};

describe('operationDepth', () => {
  it('counts nested selections, through fragments and inline fragments', () => {
    expect(depth('{ a }')).toBe(1);
    expect(depth('{ a { b { c } } d }')).toBe(3);
    expect(depth('query { a { ...F } } fragment F on T { b { ... on U { c { d } } } }')).toBe(4);
  });

  it('does not count introspection, and survives fragment cycles', () => {
    expect(depth('{ __schema { types { fields { type { ofType { ofType { name } } } } } } a }')).toBe(1);
    expect(depth('query { a { ...F } } fragment F on T { b { ...F } }')).toBe(2);
  });
});

describe('OperationCosts', () => {
  const schema = buildSchema('type Query { items(first: Int): [Item] } type Item { a: Int b: Int }');
  const query = 'query($n: Int) { items(first: $n) { a b } }';
  const document = parse(query);

  it('estimates a document once per set of variables, and again for other variables or another document', () => {
    const estimate = jest.fn((_schema, _document, _name, variables: Record<string, unknown>) => Number(variables.n) * 3);
    const costs = new OperationCosts(estimate);
    expect(costs.of(schema, document, undefined, { n: 5 })).toBe(15);
    expect(costs.of(schema, document, undefined, { n: 5 })).toBe(15);
    expect(costs.of(schema, document, undefined, { n: 6 })).toBe(18);
    expect(costs.of(schema, parse(query), undefined, { n: 5 })).toBe(15);
    expect(estimate).toHaveBeenCalledTimes(3);
  });

  it('keeps a bounded number of variable sets per document', () => {
    const estimate = jest.fn(() => 1);
    const costs = new OperationCosts(estimate, 2);
    for (const n of [1, 2, 3, 1]) costs.of(schema, document, undefined, { n });
    expect(estimate).toHaveBeenCalledTimes(4);
  });

  it('by default costs every field without a complexity of its own 1', () => {
    expect(new OperationCosts().of(schema, document, undefined, { n: 5 })).toBe(3);
  });
});
