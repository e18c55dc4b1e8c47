-- POSTs the same form body (login, introspection) with client authentication from the
-- environment: BENCH_AUTH (Basic header value) and BENCH_BODY.
dofile(os.getenv("BENCH_LUA") .. "/status.lua")

function init(args)
  statuses = {}
  wrk.method = "POST"
  wrk.body = os.getenv("BENCH_BODY")
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Authorization"] = os.getenv("BENCH_AUTH")
end

function response(status, headers, body)
  count(status)
end
