// The claims ledger's mark in lesson text: a sentence that states a number or a mechanism is
// wrapped in <Claim id="l4-lead">…</Claim>, and the id names the claim test (or the preset's
// measured value) behind it, written as "[l4-lead]". claims-ledger.test.ts fails when an id
// in a lesson has no test, or a test names an id no lesson text carries any more.

import type { ReactNode } from 'react';

/** Claim ids: "l<lesson>-<slug>", e.g. "l4-lead". */
export const CLAIM_ID = /^l\d+-[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function Claim({ id, children }: { id: string; children: ReactNode }) {
  return (
    <span className="claim" data-claim={id}>
      {children}
    </span>
  );
}
