-- Refresh grant under load: each thread takes its share of the sessions in BENCH_TOKENS (one
-- refresh token per line) and, since every refresh rotates the token, uses the token of each
-- answer for a later request. Needs more sessions than connections.
dofile(os.getenv("BENCH_LUA") .. "/status.lua")

local next_id = 0

local original_setup = setup
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  original_setup(thread)
end

function init(args)
  statuses = {}
  tokens = {}
  local threads = tonumber(os.getenv("BENCH_THREADS"))
  local line = 0
  for token in io.lines(os.getenv("BENCH_TOKENS")) do
    if line % threads == id then
      table.insert(tokens, token)
    end
    line = line + 1
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Authorization"] = os.getenv("BENCH_AUTH")
end

function request()
  local token = table.remove(tokens, 1) or "exhausted"
  return wrk.format(nil, nil, nil, "grant_type=refresh_token&refresh_token=" .. token)
end

function response(status, headers, body)
  count(status)
  local token = body:match('"refresh_token":"([^"]+)"')
  if token then
    table.insert(tokens, token)
  end
end
