-- wrk script: single-name POST requests drawn from the name-variants query set.
-- Usage: wrk -s screen.lua URL -- MODE CSV   (MODE: screen for /v1/screen, match for /match/default)
local bodies = {}
local n = 0

local function parse_csv_line(line)
  local fields, field, i, quoted = {}, "", 1, false
  while i <= #line do
    local c = line:sub(i, i)
    if quoted then
      if c == '"' then
        if line:sub(i + 1, i + 1) == '"' then field = field .. '"'; i = i + 1 else quoted = false end
      else field = field .. c end
    elseif c == '"' then quoted = true
    elseif c == "," then table.insert(fields, field); field = ""
    else field = field .. c end
    i = i + 1
  end
  table.insert(fields, field)
  return fields
end

local function json_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    if c == '"' then return '\\"' elseif c == "\\" then return "\\\\" else return string.format("\\u%04x", c:byte()) end
  end) .. '"'
end

local schemas = {person = "Person", organization = "Organization", vessel = "Vessel", aircraft = "Airplane"}

function init(args)
  local mode, csv = args[1] or "screen", args[2]
  local first = true
  for line in io.lines(csv) do
    if first then first = false else
      local f = parse_csv_line(line:gsub("\r$", ""))
      local name, typ = f[2], f[3] or ""
      if name and name ~= "" then
        local body
        if mode == "match" then
          body = '{"queries":{"q1":{"schema":' .. json_string(schemas[typ] or "LegalEntity") ..
                 ',"properties":{"name":[' .. json_string(name) .. ']}}}}'
        else
          body = '{"name":' .. json_string(name) .. (typ ~= "" and (',"type":' .. json_string(typ)) or "") .. '}'
        end
        table.insert(bodies, body)
      end
    end
  end
  wrk.method = "POST"
  wrk.path = mode == "match" and "/match/default" or "/v1/screen"
  wrk.headers["Content-Type"] = "application/json"
  n = math.random(#bodies)
end

function request()
  n = n % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[n])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, e.connect + e.read + e.write + e.timeout, e.status))
end
