import type { ProposalState } from '../../core/git/backend.ts';

/** No proposal has this id. */
export class ProposalNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`no proposal has the id "${id}"`);
    this.name = 'ProposalNotFoundError';
  }
}

/** Only open proposals can be merged or closed. */
export class ProposalNotOpenError extends Error {
  constructor(
    readonly id: string,
    readonly state: ProposalState,
  ) {
    super(`proposal ${id} is ${state}, not open`);
    this.name = 'ProposalNotOpenError';
  }
}

/** A merge that was refused: conflicts with the base branch, or merged data that fails validation. */
export class MergeRefusedError extends Error {
  constructor(
    message: string,
    /** Conflicting data paths, or the validator's messages. */
    readonly reasons: string[],
  ) {
    super(message);
    this.name = 'MergeRefusedError';
  }
}
