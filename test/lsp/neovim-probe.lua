-- Drives Neovim's built-in LSP client against `graph-permission-lens lsp --stdio` and writes what it
-- saw as JSON to $GPL_OUT. Run by test/lsp/neovim.test.ts:
--   nvim --headless -u NONE -c 'luafile test/lsp/neovim-probe.lua'
-- Env: GPL_NODE (node binary), GPL_BIN (bin/graph-permission-lens.js), GPL_MANIFEST, GPL_SCRIPT, GPL_OUT.
local out = { diagnostics = {}, errors = {} }
local diags = {}

local function fail(msg)
  table.insert(out.errors, msg)
end

vim.cmd('filetype on')
local client_id = vim.lsp.start_client({
  name = 'graph-permission-lens',
  cmd = { vim.env.GPL_NODE, vim.env.GPL_BIN, 'lsp', '--stdio' },
  root_dir = vim.fn.getcwd(),
  handlers = {
    ['textDocument/publishDiagnostics'] = function(_, result)
      diags[result.uri] = result.diagnostics
    end,
  },
})
if not client_id then
  fail('start_client returned nil')
end

local function open(path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, client_id)
  return buf, vim.uri_from_bufnr(buf)
end

-- Line (0-based) and column of the first occurrence of `needle` in a buffer.
local function find(buf, needle)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then
      return i - 1, col - 1
    end
  end
end

local manifest, manifest_uri = open(vim.env.GPL_MANIFEST)
out.manifest_filetype = vim.bo[manifest].filetype
if not vim.wait(20000, function() return diags[manifest_uri] ~= nil end, 50) then
  fail('no diagnostics for the manifest')
end
out.diagnostics.manifest = diags[manifest_uri] or {}

local line, col = find(manifest, 'a7a681dc-756e-4909-b988-f160edc6655f')
if line then
  local res = vim.lsp.buf_request_sync(manifest, 'textDocument/hover', {
    textDocument = { uri = manifest_uri },
    position = { line = line, character = col + 4 },
  }, 10000)
  for _, r in pairs(res or {}) do
    if r.result and r.result.contents then
      out.hover = r.result.contents.value
    end
    if r.err then fail('hover: ' .. vim.inspect(r.err)) end
  end
else
  fail('GUID not found in the manifest')
end

local script, script_uri = open(vim.env.GPL_SCRIPT)
out.script_filetype = vim.bo[script].filetype
if not vim.wait(20000, function() return diags[script_uri] ~= nil end, 50) then
  fail('no diagnostics for the script')
end
out.diagnostics.script = diags[script_uri] or {}

local sline, scol = find(script, 'Mail.')
if sline then
  local res = vim.lsp.buf_request_sync(script, 'textDocument/completion', {
    textDocument = { uri = script_uri },
    position = { line = sline, character = scol + 5 },
  }, 10000)
  out.completion = {}
  for _, r in pairs(res or {}) do
    local items = r.result and (r.result.items or r.result) or {}
    for _, item in ipairs(items) do
      table.insert(out.completion, item.label)
    end
    if r.err then fail('completion: ' .. vim.inspect(r.err)) end
  end
else
  fail('"Mail." not found in the script')
end

local f = io.open(vim.env.GPL_OUT, 'w')
f:write(vim.fn.json_encode(out))
f:close()
vim.lsp.stop_client(client_id)
vim.cmd('qa!')
