-- wrk script: a fixed request rate instead of "as fast as the server answers". Each wrk thread (its own Lua state)
-- books send slots at rate/threads per second; a connection whose slot has not come yet waits (wrk's delay()).
-- So the server sees RATE requests/s spread over the connections, and the latency wrk reports is the server's at
-- that load. If the server falls behind, every connection is busy, slots slip and the achieved rate drops below
-- RATE: the RESULT line shows the achieved rate, so a run that could not hold the rate is visible as such.
--   wrk -t2 -c32 -d30s --latency -s bench/load/paced.lua URL -- 300 2     (total rate, wrk's thread count)
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } samverkan_timespec;
  int clock_gettime(int clock, samverkan_timespec *ts);
]]
local ts = ffi.new("samverkan_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local interval_ms, next_slot
init = function(args)
  local rate = tonumber(args[1]) or error("paced.lua needs the total rate: -- RATE THREADS")
  local threads = tonumber(args[2]) or error("paced.lua needs wrk's thread count: -- RATE THREADS")
  interval_ms = 1000 * threads / rate
  next_slot = now_ms()
end

delay = function()
  local now = now_ms()
  local slot = math.max(next_slot, now)
  next_slot = slot + interval_ms
  return slot - now
end

-- The RESULT line: p95.lua's done(), from the folder this script was loaded from.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "p95.lua")
