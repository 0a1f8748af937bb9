/** Placeholder until the page lands (issue 14). */
import type { Me } from '../session';

export function CasesPage({ me }: { me: Me }) {
  void me;
  return <h1>CasesPage</h1>;
}
