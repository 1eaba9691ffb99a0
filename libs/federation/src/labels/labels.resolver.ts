import { Args, Query, Resolver } from '@nestjs/graphql';
import { Public } from '../auth/auth.guard';
import { errorLabels, labelledEnums } from './labels';
import { EnumLabels, ErrorCodeLabel } from './labels.types';

/** The Chinese words of the API, public like the hierarchy: a login page needs them before any token. */
@Public()
@Resolver()
export class LabelsResolver {
  @Query(() => [EnumLabels], { description: 'Chinese display names of enum values (all enums when `enums` is omitted)' })
  labels(@Args('enums', { type: () => [String], nullable: true }) names?: string[] | null): EnumLabels[] {
    const wanted = names ? new Set(names) : undefined;
    return labelledEnums()
      .filter((labelled) => !wanted || wanted.has(labelled.name))
      .map((labelled) => ({ enum: labelled.name, description: labelled.description, values: labelled.values }));
  }

  @Query(() => [ErrorCodeLabel], { description: 'Chinese messages of every error code the API answers with' })
  errorLabels(): ErrorCodeLabel[] {
    return errorLabels();
  }
}
