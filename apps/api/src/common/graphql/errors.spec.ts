import { AssignmentInputError } from '@app/assignment';
import { ConflictInputError } from '@app/conflicts';
import { EligibilityInputError } from '@app/eligibility';
import { ScoringInputError } from '@app/scoring';
import { toDomainError } from './errors';

describe('one error mapping', () => {
  it('turns every lib input error into BAD_USER_INPUT with its message', () => {
    for (const E of [AssignmentInputError, ConflictInputError, EligibilityInputError, ScoringInputError]) {
      const d = toDomainError(new E('projects[3].id', 'duplicate'));
      expect(d.code).toBe('BAD_USER_INPUT');
      expect(d.message).toBe('projects[3].id: duplicate');
      expect(d.details.field).toBe('projects[3].id');
    }
  });

  it('turns TypeORM not-found and malformed Unicode into coded answers', () => {
    expect(toDomainError(Object.assign(new Error('x'), { name: 'EntityNotFoundError' })).code).toBe('NOT_FOUND');
    expect(toDomainError(new URIError('URI malformed')).code).toBe('BAD_USER_INPUT');
    expect(toDomainError(Object.assign(new Error('canceling statement'), { code: '57014' })).code).toBe(
      'SERVICE_UNAVAILABLE',
    );
  });
});
