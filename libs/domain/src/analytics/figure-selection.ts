import {
  FieldNode,
  GraphQLIncludeDirective,
  GraphQLObjectType,
  GraphQLResolveInfo,
  GraphQLSkipDirective,
  Kind,
  SelectionSetNode,
  getArgumentValues,
  getDirectiveValues,
} from 'graphql';
import { AnalyticsKind } from './analytics.enums';

export interface FiguresArguments {
  kinds: AnalyticsKind[] | null;
  periodFrom: string | null;
  periodTo: string | null;
  term: string | null;
}

/**
 * What the operation asks of a roll-up page below the page field itself: the arguments of each
 * `figures` field it selects on the page's `region` and on its `items` (through fragments,
 * honouring @skip and @include), so the page can read them all at once.
 */
export function figuresSelected(info: GraphQLResolveInfo): Array<{ on: 'region' | 'items'; args: FiguresArguments }> {
  const figuresField = (info.schema.getType('RollupNode') as GraphQLObjectType).getFields().figures;
  const selected: Array<{ on: 'region' | 'items'; args: FiguresArguments }> = [];
  for (const page of info.fieldNodes) {
    for (const on of ['region', 'items'] as const) {
      for (const node of fieldsNamed(page.selectionSet, on, info)) {
        for (const figures of fieldsNamed(node.selectionSet, 'figures', info)) {
          const args = getArgumentValues(figuresField, figures, info.variableValues);
          selected.push({ on, args: { kinds: (args.kinds as AnalyticsKind[] | undefined) ?? null, periodFrom: (args.periodFrom as string | undefined) ?? null, periodTo: (args.periodTo as string | undefined) ?? null, term: (args.term as string | undefined) ?? null } });
        }
      }
    }
  }
  return selected;
}

function fieldsNamed(set: SelectionSetNode | undefined, name: string, info: GraphQLResolveInfo, seen = new Set<string>()): FieldNode[] {
  const found: FieldNode[] = [];
  for (const selection of set?.selections ?? []) {
    if (!included(selection, info)) continue;
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === name) found.push(selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      found.push(...fieldsNamed(selection.selectionSet, name, info, seen));
    } else if (!seen.has(selection.name.value) && info.fragments[selection.name.value]) {
      seen.add(selection.name.value);
      found.push(...fieldsNamed(info.fragments[selection.name.value].selectionSet, name, info, seen));
    }
  }
  return found;
}

function included(node: Parameters<typeof getDirectiveValues>[1], info: GraphQLResolveInfo): boolean {
  return getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if !== true && getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;
}
