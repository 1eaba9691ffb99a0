import { Kind, OperationDefinitionNode, parse } from 'graphql';
import { operationDepth } from './query-limits.plugin';

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
