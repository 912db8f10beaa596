// Redocly plugin for this contract. Its decorator runs when the spec is bundled, so every output (bundle,
// types, docs) shares what it adds.
//   result-code-table: appends to each operation's description a table of its result codes, built from the
//   operation's named response examples (code, status, message and the action), so the table cannot drift from
//   them.
//   It runs before the bundle exists, so it reads the split files through Redocly's resolver, not through the
//   bundle reader (@store-api/validator/contract); spec/test/result-tables.test.ts holds the two readings equal.
//   schema-tables: see below.
//   open-object-notes: says in the description of every object marked `x-unknown-fields: warn` (its full field
//   list is not public) that unknown fields are let through with a warning, so docs and types state the rule.
//   trait-tag-titles: a trait tag whose description is a repo document (ERRATA.md, CHANGELOG.md) drops that
//   document's own `# title`: the tag's name is the heading, and a second top heading nests every section of the
//   document one level deeper (and into its anchors) in the reference. A title that starts with the tag's name and
//   says more ("Errata: where …") keeps the rest as the lead sentence.

function resultCodeTable() {
  return {
    Operation: {
      leave(operation, ctx) {
        const response = ctx.resolve(operation.responses?.['200']);
        const examples = response.node?.content?.['application/json']?.examples ?? {};
        // An example's $ref is relative to the file that holds the response, not to the operation's.
        const from = response.location?.source.absoluteRef;
        const rows = Object.entries(examples).map(([name, raw]) => {
          const example = ctx.resolve(raw, from).node;
          const { resultCode, resultStatus } = example.value.result;
          // A code with several documented causes has one example per cause: name the one Prefer selects.
          const selector = name === resultCode ? '' : ` (\`example=${name}\`)`;
          const cell = (text) =>
            String(text ?? '')
              .trim()
              .replace(/\s+/g, ' ')
              .replaceAll('|', '\\|');
          const message = cell(example.value.result.resultMessage);
          return `| \`${resultCode}\`${selector} | \`${resultStatus}\` | ${message} | ${cell(example.description)} |`;
        });
        if (rows.length === 0) return;
        const table = [
          '### Result codes',
          '',
          'Every answer is HTTP 200; `result.resultStatus` says what happened. Send `Prefer: example=<code>` to the mock to get that answer.',
          '',
          '| code | status | message | what to do |',
          '| --- | --- | --- | --- |',
          ...rows,
          '',
          'A code not listed here: act on its `resultStatus` (`S` done, `F` do not retry, `U` retry with the same parameters).',
        ].join('\n');
        operation.description = `${String(operation.description ?? '').trimEnd()}\n\n${table}\n`;
      },
    },
  };
}

// schema-tables: replaces each `<!-- schema: Name -->` in a tag's description with a table of the schema's fields
// (path, type and rules, required, description) and its example. The tag names the schemas it documents in
// `x-schemas` ($refs, so the bundler resolves them); the decorator removes `x-schemas` once used. For documents
// the reference would not otherwise show: the JSON carried in businessRules[].ruleData.

function describeType(node) {
  const rules = [];
  if (Array.isArray(node.enum)) rules.push(`one of ${node.enum.map((v) => `\`${v}\``).join(', ')}`);
  if (node.const !== undefined) rules.push(`\`${node.const}\``);
  if (node.pattern) rules.push(`pattern \`${node.pattern}\``);
  if (node.minimum !== undefined) rules.push(`≥ ${node.minimum}`);
  if (node.maximum !== undefined) rules.push(`≤ ${node.maximum}`);
  if (node.maxLength !== undefined) rules.push(`≤ ${node.maxLength} characters`);
  if (node.minItems !== undefined) rules.push(`≥ ${node.minItems} item${node.minItems === 1 ? '' : 's'}`);
  const type = Array.isArray(node.type) ? node.type.join(' or ') : (node.type ?? 'any');
  return [type, ...rules].join(', ').replaceAll('|', '\\|');
}

function fieldRows(ctx, raw, from, path, required, rows, depth) {
  const resolved = ctx.resolve(raw, from);
  const node = resolved.node ?? {};
  // Only a $ref moves to another file; an inline node stays in its parent's (resolve reports the current one).
  const here = typeof raw?.$ref === 'string' ? (resolved.location?.source.absoluteRef ?? from) : from;
  if (path !== '') {
    const text = String(node.description ?? '')
      .replace(/\s+/g, ' ')
      .replaceAll('|', '\\|');
    rows.push(`| \`${path}\` | ${describeType(node)} | ${required ? 'yes' : 'no'} | ${text} |`);
  }
  if (depth > 6) return;
  if (node.type === 'array' && node.items) fieldRows(ctx, node.items, here, `${path}[]`, false, rows, depth + 1);
  if (node.properties) {
    const needed = new Set(node.required ?? []);
    for (const [name, child] of Object.entries(node.properties)) {
      fieldRows(ctx, child, here, path === '' ? name : `${path}.${name}`, needed.has(name), rows, depth + 1);
    }
  }
  if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    // A map's keys: `{day}` where propertyNames is DayOfWeek-like (an enum), else `{key}`; `<…>` would read as HTML.
    const key = node.propertyNames ? '{day}' : '{key}';
    fieldRows(ctx, node.additionalProperties, here, `${path}.${key}`, false, rows, depth + 1);
  }
}

function schemaTables() {
  return {
    Tag: {
      // On enter, x-schemas still holds its $refs (the bundler replaces them as it walks on), so each schema's
      // own $refs resolve relative to its file.
      enter(tag, ctx) {
        const schemas = tag['x-schemas'] ?? {};
        const description = ctx.resolve(tag.description).node;
        if (typeof description === 'string' && tag['x-schemas'] !== undefined) {
          tag.description = description.replace(/<!-- schema: (\S+) -->/g, (_marker, name) => {
            if (schemas[name] === undefined) throw new Error(`schema-tables: tag ${tag.name} has no x-schemas.${name}`);
            const resolved = ctx.resolve(schemas[name]);
            const rows = [];
            fieldRows(ctx, schemas[name], undefined, '', false, rows, 0);
            const top = resolved.node.type === 'array' ? 'a list; `[]` is each item' : 'an object';
            return [
              `\`${resolved.node.title ?? name}\`: ${top}.`,
              '',
              '| field | type and rules | required | description |',
              '| --- | --- | --- | --- |',
              ...rows,
              '',
              'Example (the document itself; send it as a JSON string in `ruleData`):',
              '',
              '```json',
              JSON.stringify(resolved.node.example, null, 2),
              '```',
            ].join('\n');
          });
        }
        delete tag['x-schemas'];
      },
    },
  };
}

const OPEN_OBJECT_NOTE =
  'The vendor does not publish this object\'s full field list: a field not described here is let through, and the validator and the mock report it as a warning (with a "did you mean" hint), not as an error.';

function openObjectNotes() {
  return {
    Schema: {
      leave(schema) {
        if (schema['x-unknown-fields'] !== 'warn') return;
        const description = String(schema.description ?? '').trimEnd();
        if (description.includes(OPEN_OBJECT_NOTE)) return; // a schema reached through several $refs
        schema.description = description === '' ? OPEN_OBJECT_NOTE : `${description}\n\n${OPEN_OBJECT_NOTE}\n`;
      },
    },
  };
}

function traitTagTitles() {
  return {
    Tag: {
      leave(tag, ctx) {
        const description = ctx.resolve(tag.description).node;
        if (tag['x-traitTag'] !== true || typeof description !== 'string') return;
        const title = /^# (.+)\n+/.exec(description);
        if (title === null) return;
        const rest = description.slice(title[0].length);
        const name = tag.name.toLowerCase();
        const lead = title[1].toLowerCase().startsWith(name) ? title[1].slice(name.length).replace(/^[:\s]+/, '') : '';
        tag.description = lead === '' ? rest : `*${lead.charAt(0).toUpperCase()}${lead.slice(1)}.*\n\n${rest}`;
      },
    },
  };
}

export default function storeApiPlugin() {
  return {
    id: 'store-api',
    decorators: {
      oas3: {
        'result-code-table': resultCodeTable,
        'schema-tables': schemaTables,
        'open-object-notes': openObjectNotes,
        'trait-tag-titles': traitTagTitles,
      },
    },
  };
}
