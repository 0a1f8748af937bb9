/**
 * A message sealed for the case's customer (cases/post-message.ts, docs/privacy.md) arrives with its
 * excerpt sealed apart: the decision log shows that excerpt, never a slice of the sealed text (which would
 * open to nothing), and the message itself goes out whole, as it came. A plain message (a case opened
 * before customers had keys, the simulator) keeps its first 80 characters as before.
 */
import { takeMessages } from '../../../workflows/engine/bounds';
import { Harness, intake, makePlan, T0 } from './fixture';

const sealedText = `pd1:ck_AAAAAAAAAAAAAAAAAAAAAA:${'s'.repeat(200)}`;
const sealedExcerpt = `pd1:ck_AAAAAAAAAAAAAAAAAAAAAA:${'e'.repeat(60)}`;

describe('a customer message', () => {
  it('shows its sealed excerpt in the decision log and keeps the sealed text whole', () => {
    const h = new Harness(makePlan());
    h.send(
      {
        kind: 'customer.message',
        from: 'customer',
        text: sealedText,
        excerpt: sealedExcerpt,
        principal: intake,
      },
      T0 + 1000,
    );
    const decision = h.state.decisions.find((d) => d.what === 'message from customer');
    expect(decision?.why).toBe(sealedExcerpt);
    expect(takeMessages(h.state).map((m) => m.text)).toEqual([sealedText]);
  });

  it('without an excerpt shows the first 80 characters, as before', () => {
    const h = new Harness(makePlan());
    const text = 'x'.repeat(100);
    h.send({ kind: 'customer.message', from: 'agent', text, principal: intake }, T0 + 1000);
    expect(h.state.decisions.find((d) => d.what === 'message from agent')?.why).toBe('x'.repeat(80));
  });
});
