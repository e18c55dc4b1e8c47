dofile(os.getenv("BENCH_LUA") .. "/status.lua")

function init(args)
  statuses = {}
end

function response(status, headers, body)
  count(status)
end
