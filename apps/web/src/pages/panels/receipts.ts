export type VoteChoice = 'YES' | 'NO' | 'ABSTAIN';

/**
 * Where votes may change, this tab keeps the ballot's receipt (a 256-bit secret sent with each vote,
 * of which the server keeps only a hash bound to the choice) and the member's own choice, for this
 * tab's life only: the server has nothing that says how anyone voted, so only this device can
 * change the vote or show it.
 */
export const RECEIPTS = 'tianyuan.ballot.';
export const receiptOf = (ballotId: string): { receipt: string; vote: VoteChoice } | null => {
  try {
    const raw = sessionStorage.getItem(RECEIPTS + ballotId);
    return raw ? (JSON.parse(raw) as { receipt: string; vote: VoteChoice }) : null;
  } catch {
    return null;
  }
};
export const newReceipt = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('');

/** Forgets every ballot receipt of this tab (on sign-out). */
export function clearBallotReceipts(storage: Storage = sessionStorage) {
  for (let i = storage.length - 1; i >= 0; i--) {
    const k = storage.key(i);
    if (k?.startsWith(RECEIPTS)) storage.removeItem(k);
  }
}
