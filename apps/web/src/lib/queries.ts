import type { ApolloClient } from '@apollo/client';
import { graphql } from '../gql';
import { firstPageOf } from './first-pages';

export const MY_ASSIGNMENTS = graphql(`
  query MyAssignments {
    myAssignments {
      id
      covers
      round {
        id
        kind
        nameZh
        nameEn
        status
        opensAt
        closesAt
        closedAt
      }
      project {
        id
        externalId
        title
        titleEn
        direction {
          number
          titleZh
          titleEn
        }
      }
      review {
        id
        status
        version
        total
        updatedAt
      }
    }
  }
`);

export const ASSIGNMENT_DETAIL = graphql(`
  query AssignmentDetail {
    myAssignments {
      id
      covers
      round {
        id
        kind
        nameZh
        nameEn
        status
        opensAt
        closesAt
        closedAt
        pledgeSigned
        pledge {
          version
          textZh
          textEn
        }
        ratingOptions
        recommendationOptions
        criteria {
          key
          labelZh
          labelEn
          guidanceZh
          guidanceEn
          weight
          min
          max
          step
        }
      }
      project {
        id
        externalId
        title
        titleEn
        keywords
        shenzhenLanding
        documents {
          id
          kind
          filename
          size
          downloadable
          watermarked
        }
        direction {
          number
          titleZh
          titleEn
          targets {
            key
            labelZh
            labelEn
            unit
            min
            max
          }
        }
        leadInstitution {
          name
          nameEn
        }
        cooperatingInstitutions {
          name
          nameEn
        }
        team {
          id
          role
          discipline
          person {
            name
            title
          }
        }
      }
      review {
        id
        status
        version
        total
        rating
        recommendation
        commentToApplicant
        confidentialComment
        submittedAt
        updatedAt
        scores {
          criterionKey
          score
        }
      }
    }
  }
`);

export const SAVE_REVIEW = graphql(`
  mutation SaveReview($assignmentId: ID!, $input: ReviewInput!, $expectedVersion: Int) {
    saveReview(assignmentId: $assignmentId, input: $input, expectedVersion: $expectedVersion) {
      id
      status
      version
      total
      updatedAt
    }
  }
`);

export const SUBMIT_REVIEW = graphql(`
  mutation SubmitReview($assignmentId: ID!, $expectedVersion: Int!) {
    submitReview(assignmentId: $assignmentId, expectedVersion: $expectedVersion) {
      id
      status
      version
      total
      submittedAt
    }
  }
`);

export const WITHDRAW_REVIEW = graphql(`
  mutation WithdrawReview($assignmentId: ID!, $expectedVersion: Int!) {
    withdrawReview(assignmentId: $assignmentId, expectedVersion: $expectedVersion) {
      id
      status
      version
    }
  }
`);

export const DECLARE_CONFLICT = graphql(`
  mutation DeclareConflict($assignmentId: ID!, $reason: String!) {
    declareConflict(assignmentId: $assignmentId, reason: $reason) {
      id
      rule
    }
  }
`);

export const DECLINE_ASSIGNMENT = graphql(`
  mutation DeclineAssignment($assignmentId: ID!, $reason: String!) {
    declineAssignment(assignmentId: $assignmentId, reason: $reason)
  }
`);

export const PROGRAMS_ROUNDS = graphql(`
  query ProgramsRounds {
    programs {
      id
      year
      nameZh
      nameEn
      rounds {
        id
        programId
        kind
        status
        nameZh
        nameEn
        opensAt
        closesAt
        closedAt
        reviewersPerProject
        settings {
          conflictPolicy {
            preset
            collaboratorYears
            formerAffiliationYears
          }
        }
      }
    }
  }
`);

/** 中期进展报告 of a project in a mid-term round, as every reader shows it (the team, reviewers, the panel, officers). */
export const PROGRESS_REPORT = graphql(`
  query ProgressReport($projectId: ID!, $roundId: ID!) {
    progressReport(projectId: $projectId, roundId: $roundId) {
      id
      status
      version
      summary
      late
      submittedAt
      returnNote
      dueAt
      landingRequired
      landing {
        partner
        site
        milestones
        requestedAmount
      }
      documents {
        id
        kind
        filename
        downloadable
        watermarked
      }
      targets {
        key
        labelZh
        labelEn
        unit
        min
        max
        achieved
        evidence
        share
        met
      }
    }
  }
`);

/**
 * A cold load of a reviewer's page asks for its data beside `me` instead of after it (the shell
 * waits for `me` before it draws the page): one round trip less to a busy server. The scoring
 * page reads the server's latest on every visit (network-only), except on that first visit, when
 * the answer asked for at the same moment is read from the cache once (a request still under way
 * is joined, not repeated).
 */
let early: { query: unknown; at: number } | null = null;
export function askEarly(client: ApolloClient, path: string): void {
  const page = firstPageOf(path);
  const query = page === 'MyAssignments' ? MY_ASSIGNMENTS : page === 'Review' ? ASSIGNMENT_DETAIL : null;
  if (!query) return;
  early = { query, at: performance.now() };
  void client.query({ query, fetchPolicy: 'network-only' }).catch(() => undefined);
}
/** Whether `query` was asked early in the last seconds (true once). */
export function takeEarly(query: unknown): boolean {
  const fresh = early !== null && early.query === query && performance.now() - early.at < 10_000;
  if (fresh) early = null;
  return fresh;
}
