// What tests, seeds and other modules use from messaging.
export { messagingModule } from "./module";
export { readOutbox, type OutboxEntry, type OutboxFilter } from "./outbox";
