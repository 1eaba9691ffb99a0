import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { MessageType } from '../messages/message-type';
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

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const found = new Map<MessageType, string[]>();
    for (const wrapper of this.discovery.getProviders()) {
      if (!wrapper.metatype || !wrapper.instance) continue;
      const type = this.reflector.get<MessageType | undefined>(MESSAGE_HANDLER, wrapper.metatype);
      if (!type) continue;
      found.set(type, [...(found.get(type) ?? []), wrapper.name]);
      this.handlers.set(type, wrapper.instance as MessageHandler);
    }
    const problems = checkHandlerCoverage(found);
    if (problems.length > 0) throw new HandlerRegistrationError(problems);
  }

  get(type: MessageType): MessageHandler {
    return this.handlers.get(type)!;
  }
}

export function checkHandlerCoverage(found: Map<MessageType, string[]>): string[] {
  const problems: string[] = [];
  for (const type of Object.values(MessageType)) {
    const names = found.get(type) ?? [];
    if (names.length === 0) problems.push(`no handler for ${type}`);
    if (names.length > 1) problems.push(`${type} has ${names.length} handlers (${names.join(', ')})`);
  }
  return problems;
}
