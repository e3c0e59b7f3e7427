// The calls both apps make, given the OpenAI class they imported or required. Prints what the
// app received (ids and timestamps removed) as one JSON line, so runs can be compared.
function strip({ id, created, ...rest }) {
  return rest;
}

exports.run = async function run(OpenAI) {
  const client = new OpenAI();
  const messages = [{ role: 'user', content: 'hi' }];
  const completion = await client.chat.completions.create({ model: 'gpt-4o', messages, entity_type: 'customer', entity_id: 'sdk3' });
  const stream = await client.chat.completions.create({ model: 'gpt-4o', messages, stream: true, stream_options: { include_usage: true } });
  const chunks = [];
  for await (const chunk of stream) chunks.push(strip(chunk));
  console.log(JSON.stringify({ completion: strip(completion), chunks }));
};
