// Service-level deps against a test stack: what a function builds for itself, with the dev API key — for steps no
// HTTP function exposes and for property tests that call verbs directly.
import { DEV_API_KEY, DEV_PROJECT_ID } from "@chizze/devstack/stack";
import { createDeps, type Deps, type Logger } from "@chizze/services/deps";
import { platformConfig } from "@chizze/services/runtime";
import type { TestStack } from "./stack";

export const quiet: Logger = { info() {}, warn() {}, error() {} };

export function serviceDeps(stack: TestStack, log: Logger = quiet): Deps {
  const env = { ...stack.env, APPWRITE_ENDPOINT: stack.appwrite.endpoint, APPWRITE_PROJECT_ID: DEV_PROJECT_ID };
  return createDeps({ config: platformConfig(env), apiKey: DEV_API_KEY, log });
}
