-- wrk script for scripts/bench: send the requests listed in a file, in turn, for ever (or until
-- each thread has sent a given number).
--
--   wrk ... -s bench/cycle.lua URL -- <requests file> <wrk threads> <stop after, 0 for never>
--
-- Each line of the file is: METHOD <tab> path <tab> cookie <tab> CSRF token <tab> form body.
-- wrk thread k (from 0) takes lines k, k + threads, k + 2 * threads... so a person whose join and
-- leave lines are a multiple of `threads` apart is only ever handled by one thread, which sends
-- them in order, however many connections it has.

local threads = {}

function setup(thread)
   thread:set("id", #threads)
   table.insert(threads, thread)
end

function init(args)
   local total = tonumber(args[2])
   stop_after = tonumber(args[3])
   requests = {}
   local line_number = 0
   for line in io.lines(args[1]) do
      local method, path, cookie, token, body =
         line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
      if line_number % total == id then
         local headers = {}
         if cookie ~= "" then headers["Cookie"] = cookie end
         if token ~= "" then headers["X-CSRFToken"] = token end
         if body ~= "" then
            headers["Content-Type"] = "application/x-www-form-urlencoded"
         else
            body = nil
         end
         table.insert(requests, wrk.format(method, path, headers, body))
      end
      line_number = line_number + 1
   end
   position = 0
   sent = 0
end

function request()
   sent = sent + 1
   if stop_after > 0 and sent >= stop_after then
      wrk.thread:stop()
   end
   position = position % #requests + 1
   return requests[position]
end
