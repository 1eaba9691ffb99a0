import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { MESSAGE_TYPES, MessageType, contractOf } from '../messages/catalog';
import { MESSAGE_HANDLER, MessageHandler } from './message-handler';

export class HandlerRegistrationError extends Error {
  constructor(problems: string[]) {
    super(`federation message handlers are incomplete: ${problems.join('; ')}`);
    this.name = 'HandlerRegistrationError';
  }
}

/** Finds the @HandlesMessage providers at boot and refuses to start unless each type has exactly one. */
@Injectable()
export class HandlerRegistry implements OnModuleInit {
  private readonly handlers = new Map<MessageType, MessageHandler>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const found = new Map<MessageType, Array<{ name: string; handler: MessageHandler }>>();
    for (const wrapper of this.discovery.getProviders()) {
      if (!wrapper.metatype || !wrapper.instance) continue;
      const type: MessageType | undefined = Reflect.getMetadata(MESSAGE_HANDLER, wrapper.metatype);
      if (!type) continue;
      found.set(type, [...(found.get(type) ?? []), { name: wrapper.name, handler: wrapper.instance as MessageHandler }]);
      this.handlers.set(type, wrapper.instance as MessageHandler);
    }
    const problems = checkHandlerCoverage(found);
    if (problems.length > 0) throw new HandlerRegistrationError(problems);
  }

  get(type: MessageType): MessageHandler {
    return this.handlers.get(type)!;
  }
}

export function checkHandlerCoverage(found: Map<string, Array<{ name: string; handler: MessageHandler }>>): string[] {
  const problems: string[] = [];
  for (const type of MESSAGE_TYPES) {
    const handlers = found.get(type) ?? [];
    if (handlers.length === 0) problems.push(`no handler for ${type}`);
    if (handlers.length > 1) problems.push(`${type} has ${handlers.length} handlers (${handlers.map((h) => h.name).join(', ')})`);
    // A message that goes one level at a time never passes through a level: nothing to record on the way.
    if (contractOf(type)!.route === 'hop' && handlers.some((h) => h.handler.relay)) problems.push(`${type} goes one level at a time but its handler relays`);
  }
  for (const type of found.keys()) if (!contractOf(type)) problems.push(`a handler is registered for unknown type ${type}`);
  return problems;
}
