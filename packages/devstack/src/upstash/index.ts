// Local Upstash REST endpoint over a real Redis: what @upstash/redis and @upstash/ratelimit talk to in dev and tests.
export { startUpstash, type RunningUpstash, type StartUpstashOptions } from "./server";
export { FaultController, mulberry32, type FaultConfig, type FaultCounters, type FaultDecision, type Faults } from "../faults";
export {
  encodeResult,
  parseBatch,
  parseSingle,
  prepareCommand,
  ProtocolError,
  rewriteLuaShebang,
  ScriptRegistry,
  sha1Hex,
  toRedisArg,
  type PreparedCommand,
  type RedisArg,
  type UpstashCommand,
  type UpstashReply,
} from "./protocol";
