import { graphql } from '../../gql';
import type { ExpertsQuery } from '../../gql/graphql';

export const EXPERTS = graphql(`
  query Experts(
    $search: String
    $discipline: Discipline
    $keyword: String
    $institution: String
    $offset: Int!
    $limit: Int!
  ) {
    experts(
      search: $search
      discipline: $discipline
      keyword: $keyword
      institution: $institution
      offset: $offset
      limit: $limit
    ) {
      total
      offset
      items {
        id
        externalId
        name
        nameEn
        emails
        orcid
        title
        disciplines
        applicationCodes
        keywords
        affiliations {
          institutionId
          institution
          from
          to
        }
        history {
          rounds
          submitted
          onTime
          invitationsDeclined
          invitationsExpired
          projectsDeclined
          ratings
          helpful
          critical
        }
        account {
          id
          email
          disabled
        }
      }
    }
  }
`);

export const INSTITUTIONS = graphql(`
  query Institutions($search: String, $limit: Int!) {
    institutions(search: $search, limit: $limit) {
      id
      name
      nameEn
      aliases
      emailDomains
      city
    }
  }
`);

/** An expert as the pool's page lists it. */
export type ExpertRow = ExpertsQuery['experts']['items'][number];
