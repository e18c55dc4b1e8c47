-- Shared by the token scenarios: counts answers by status in every thread and prints them at the
-- end ("status 200 12345"), so that the harness can tell 503s from errors.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function count(status)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + n
    end
  end
  for status, n in pairs(total) do
    io.write(string.format("status %d %d\n", status, n))
  end
end
