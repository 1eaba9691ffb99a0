import { RulesTable, transition } from './dispatch-rules';

type Step = { kind: 'open' } | { kind: 'decide'; yes: boolean } | { kind: 'read' };
type State = 'new' | 'opened' | 'accepted' | 'refused' | 'read';

const rules: RulesTable<State, Step> = {
  initial: 'new',
  steps: {
    open: { actor: 'target', from: ['new'], to: 'opened' },
    decide: { actor: 'issuer', from: ['opened'], to: 'accepted', resolve: (step) => (step.yes ? 'accepted' : 'refused') },
    read: { actor: 'target', from: ['new', 'opened'], to: 'read', idempotent: true },
  },
};

describe('dispatch rules engine', () => {
  it('leads to the rule’s state, or to the one the step decides', () => {
    expect(transition(rules, 'new', { kind: 'open' }, 'target')).toEqual({ state: 'opened' });
    expect(transition(rules, 'opened', { kind: 'decide', yes: false }, 'issuer')).toEqual({ state: 'refused' });
    expect(transition(rules, 'opened', { kind: 'decide', yes: true }, 'issuer')).toEqual({ state: 'accepted' });
  });

  it('refuses a step from the wrong side, from a state not listed, or of a kind the table lacks', () => {
    expect(transition(rules, 'new', { kind: 'open' }, 'issuer')).toEqual({ refused: 'only the target takes the step open' });
    expect(transition(rules, 'accepted', { kind: 'open' }, 'target')).toEqual({ refused: 'cannot take the step open while the target is accepted' });
    expect(transition(rules, 'new', { kind: 'close' } as never, 'issuer')).toEqual({ refused: 'no step close in this flow' });
  });

  it('takes an idempotent step again as nothing, but still refuses it from elsewhere', () => {
    expect(transition(rules, 'read', { kind: 'read' }, 'target')).toEqual({ unchanged: true });
    expect(transition(rules, 'refused', { kind: 'read' }, 'target')).toMatchObject({ refused: expect.any(String) });
  });
});
