import type {
  PolicyPresetsQuery,
  ProgramsRoundsQuery,
  RankingQuery,
  ReminderPreviewQuery,
  RunQuery,
} from '../../gql/graphql';

/** Shapes the round pages share, derived from their GraphQL documents (never copied by hand). */
export type Round = ProgramsRoundsQuery['programs'][number]['rounds'][number];
export type ConflictPolicy = PolicyPresetsQuery['conflictPolicyPresets'][number];
export type ReminderPreview = ReminderPreviewQuery['reminderPreview'];
export type Preview = NonNullable<RunQuery['assignmentRun']['preview']>;
export type Ranked = RankingQuery['ranking'][number];
