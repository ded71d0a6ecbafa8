-- Argo CD health check for orkestra.orkspace.io/Komposer (docs/gitops.md explains how to install it).
-- Argo CD sets the global `obj` to the live object and expects {status, message}. Order matters:
--   1. no status yet, or status older than the spec        -> Progressing (the operator has not caught up)
--   2. Ready=False with reason Suspended (spec.suspend)     -> Suspended
--   3. Stalled=True                                         -> Degraded (invalid input; waits for a spec change)
--   4. Ready=False with a failure reason                    -> Degraded (resolution failed; retried with backoff)
--   5. Reconciling=True                                     -> Progressing (e.g. the runtime is rolling out)
--   6. RestartPending=True                                  -> Suspended (a bundle is staged; bump restartToken)
--   7. Ready=True                                           -> Healthy
--   8. anything else                                        -> Progressing
-- Tested in Argo CD's own Lua VM (util/lua: gopher-lua without the string library) by test/argocd/health.test.ts.

-- Ready=False reasons that mean "working on it", not "failed".
local progressReasons = {
  Progressing = true,
  Reconciling = true,
  Resolving = true,
  Staging = true,
  Activating = true,
  RolloutInProgress = true,
  RollingOut = true,
  Pending = true,
}

local function condition(conditions, type)
  if conditions == nil then
    return nil
  end
  for _, c in ipairs(conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end

local function describe(c, fallback)
  local reason = c.reason or ""
  local message = c.message or ""
  if reason ~= "" and message ~= "" then
    return reason .. ": " .. message
  elseif message ~= "" then
    return message
  elseif reason ~= "" then
    return reason
  end
  return fallback
end

local hs = {}
local status = obj.status
local conditions = status and status.conditions
local generation = obj.metadata and obj.metadata.generation

if status == nil or conditions == nil or #conditions == 0 then
  hs.status = "Progressing"
  hs.message = "Waiting for the Komposer operator to report status"
  return hs
end

if generation ~= nil and (status.observedGeneration == nil or status.observedGeneration < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to process generation " .. tostring(generation)
  return hs
end

local ready = condition(conditions, "Ready")
if ready ~= nil and ready.status == "False" and ready.reason == "Suspended" then
  hs.status = "Suspended"
  hs.message = ready.message or "spec.suspend is true"
  return hs
end

local stalled = condition(conditions, "Stalled")
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = describe(stalled, "Stalled")
  return hs
end

if ready ~= nil and ready.status == "False" and not progressReasons[ready.reason or ""] then
  hs.status = "Degraded"
  hs.message = describe(ready, "Not ready")
  return hs
end

local reconciling = condition(conditions, "Reconciling")
if reconciling ~= nil and reconciling.status == "True" then
  hs.status = "Progressing"
  hs.message = describe(reconciling, "Reconciling")
  return hs
end

local pending = condition(conditions, "RestartPending")
if pending ~= nil and pending.status == "True" then
  hs.status = "Suspended"
  hs.message = pending.message or "A new bundle is staged; set spec.restartToken to activate it"
  return hs
end

if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = describe(ready, "Ready")
  -- A missing runtime Deployment does not make the Komposer unhealthy (the runtime may come in a later sync
  -- wave), but it is worth seeing in the UI.
  local runtime = condition(conditions, "RuntimeFound")
  if runtime ~= nil and runtime.status == "False" then
    hs.message = hs.message .. " (" .. describe(runtime, "runtime Deployment not found") .. ")"
  end
  return hs
end

hs.status = "Progressing"
hs.message = ready and describe(ready, "Waiting for Ready") or "Waiting for Ready"
return hs
