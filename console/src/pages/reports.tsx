/** Placeholder until the page lands (issue 14). */
import type { Me } from '../session';

export function ReportsPage({ me }: { me: Me }) {
  void me;
  return <h1>ReportsPage</h1>;
}
