import { Foundation1764380000000 } from './1764380000000-Foundation';
import { Applications1764390000000 } from './1764390000000-Applications';
import { ReviewRounds1764400000000 } from './1764400000000-ReviewRounds';
import { Decisions1764410000000 } from './1764410000000-Decisions';
import { MailDelivery1764420000000 } from './1764420000000-MailDelivery';
import { ConflictEvidenceZh1764430000000 } from './1764430000000-ConflictEvidenceZh';
import { RoundClosedAt1764440000000 } from './1764440000000-RoundClosedAt';
import { RefreshSuccessor1764450000000 } from './1764450000000-RefreshSuccessor';
import { JobsOnPgBoss1764460000000 } from './1764460000000-JobsOnPgBoss';
import { CallAsData1764470000000 } from './1764470000000-CallAsData';
import { MidtermOutcomes1764480000000 } from './1764480000000-MidtermOutcomes';
import { ExpertPool1764490000000 } from './1764490000000-ExpertPool';
import { Pledges1764500000000 } from './1764500000000-Pledges';
import { Invitations1764510000000 } from './1764510000000-Invitations';
import { PanelMeetings1764520000000 } from './1764520000000-PanelMeetings';
import { BallotOptions1764530000000 } from './1764530000000-BallotOptions';
import { TeamReports1764540000000 } from './1764540000000-TeamReports';
import { Retention1764550000000 } from './1764550000000-Retention';
import { RunCancel1764560000000 } from './1764560000000-RunCancel';
import { ConflictPartitions1764570000000 } from './1764570000000-ConflictPartitions';
import { OutboxOrder1764580000000 } from './1764580000000-OutboxOrder';
import { InvitationOrder1764590000000 } from './1764590000000-InvitationOrder';
import { ConflictPairIndex1764600000000 } from './1764600000000-ConflictPairIndex';

/** Every migration, oldest first. A new migration is added here in the same commit. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [
  Foundation1764380000000,
  Applications1764390000000,
  ReviewRounds1764400000000,
  Decisions1764410000000,
  MailDelivery1764420000000,
  ConflictEvidenceZh1764430000000,
  RoundClosedAt1764440000000,
  RefreshSuccessor1764450000000,
  JobsOnPgBoss1764460000000,
  CallAsData1764470000000,
  MidtermOutcomes1764480000000,
  ExpertPool1764490000000,
  Pledges1764500000000,
  Invitations1764510000000,
  PanelMeetings1764520000000,
  BallotOptions1764530000000,
  TeamReports1764540000000,
  Retention1764550000000,
  RunCancel1764560000000,
  ConflictPartitions1764570000000,
  OutboxOrder1764580000000,
  InvitationOrder1764590000000,
  ConflictPairIndex1764600000000,
];
