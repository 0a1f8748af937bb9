/** Placeholder until the page lands (issue 14). */
import type { Me } from '../session';

export function TemplatesPage({ me }: { me: Me }) {
  void me;
  return <h1>TemplatesPage</h1>;
}
