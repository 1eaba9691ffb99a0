import { DeliveryContext, HandlesMessage, MESSAGE_HANDLER, MessageHandler } from './message-handler';
import { checkHandlerCoverage } from './handler-registry';
import { MESSAGE_TYPES, MessageType } from '../messages/catalog';

class ProbeHandler implements MessageHandler<typeof MessageType.Probe> {
  async apply(_deliveries: ReadonlyArray<DeliveryContext<typeof MessageType.Probe>>): Promise<void> {}
}

class TaskHandlerThatRelays implements MessageHandler<typeof MessageType.LinkageTaskIssued> {
  async apply(): Promise<void> {}
  async relay(): Promise<void> {}
}

const every = () => new Map(MESSAGE_TYPES.map((type) => [type as string, [{ name: `${type} handler`, handler: new ProbeHandler() as MessageHandler }]]));

describe('message handlers', () => {
  it('are complete when every type has exactly one', () => {
    expect(checkHandlerCoverage(every())).toEqual([]);
  });

  it('refuse to start with a type that has none, or two, or a handler for a type nobody knows', () => {
    const found = every();
    found.delete(MessageType.NoticeIssued);
    found.set(MessageType.Probe, [...found.get(MessageType.Probe)!, { name: 'Another', handler: new ProbeHandler() }]);
    found.set('federation.teleport', [{ name: 'Teleport', handler: new ProbeHandler() }]);
    expect(checkHandlerCoverage(found)).toEqual([
      'federation.probe has 2 handlers (federation.probe handler, Another)',
      'no handler for notice.issued',
      'a handler is registered for unknown type federation.teleport',
    ]);
  });

  it('refuse a relay on a type that goes one level at a time', () => {
    const found = every();
    found.set(MessageType.LinkageTaskIssued, [{ name: 'TaskHandlerThatRelays', handler: new TaskHandlerThatRelays() as MessageHandler }]);
    expect(checkHandlerCoverage(found)).toEqual(['linkage_task.issued goes one level at a time but its handler relays']);
  });

  it('are typed by their contract: a handler of one type cannot be registered for another', () => {
    // Compiles: the handler takes the probe's payload.
    HandlesMessage(MessageType.Probe)(ProbeHandler);
    expect(Reflect.getMetadata(MESSAGE_HANDLER, ProbeHandler)).toBe('federation.probe');
    class Misregistered extends ProbeHandler {}
    // @ts-expect-error — a probe handler cannot take a linkage task's payload.
    HandlesMessage(MessageType.LinkageTaskIssued)(Misregistered);
  });
});
