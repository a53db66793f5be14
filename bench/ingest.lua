-- wrk script for Levee's webhook ingest: one recorded payload, signed once (the signature covers the body only), sent
-- with a fresh X-GitHub-Delivery on every request, so every request is a new delivery the server must store durably.
-- The body and signature come from the environment (bench/run sets them).
local counter = 0
local body = os.getenv("LEVEE_BENCH_BODY_FILE")
local signature = os.getenv("LEVEE_BENCH_SIGNATURE")
local file = assert(io.open(body, "rb"))
local payload = file:read("*a")
file:close()

function setup(thread)
  counter = counter + 1
  thread:set("prefix", "bench-" .. tostring(os.time()) .. "-" .. counter .. "-")
end

function init(args)
  sequence = 0
end

function request()
  sequence = sequence + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["X-GitHub-Event"] = "issues",
    ["X-GitHub-Delivery"] = prefix .. sequence,
    ["X-Hub-Signature-256"] = signature,
  }
  return wrk.format("POST", "/webhooks/github", headers, payload)
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"benchmark":"webhook_ingest","requests":%d,"seconds":%.3f,"requests_per_s":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,"non_2xx":%d,"errors":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
