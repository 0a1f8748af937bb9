/** Placeholder until the page lands (issue 14). */
import type { Me } from '../session';

export function InboxPage({ me }: { me: Me }) {
  void me;
  return <h1>InboxPage</h1>;
}
