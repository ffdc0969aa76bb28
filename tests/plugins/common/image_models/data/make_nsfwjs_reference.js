// Usage (scratch dir outside the repo): npm install nsfwjs@4.4.0 @tensorflow/tfjs@4;
//   node make_nsfwjs_reference.js [--model InceptionV3 --size 299] IMG.rgb...
// IMG.rgb: raw SIZExSIZEx3 RGB bytes (see "input" in nsfwjs_reference*.json); default
// MobileNetV2 at 224. Reference nsfwjs@4.4.0 outputs with its own code and TF.js (CPU backend).
const tf = require('@tensorflow/tfjs');
const nsfwjs = require('nsfwjs');
const fs = require('fs');
(async () => {
  await tf.setBackend('cpu');
  let args = process.argv.slice(2), name = 'MobileNetV2', size = 224;
  while (args[0] && args[0].startsWith('--')) {
    if (args[0] === '--model') name = args[1];
    if (args[0] === '--size') size = Number(args[1]);
    args = args.slice(2);
  }
  const model = await nsfwjs.load(name, {size});
  for (const f of args) {
    const buf = fs.readFileSync(f);
    const img = tf.tensor3d(new Int32Array(buf), [size, size, 3], 'int32');
    const preds = await model.classify(img, 5);
    const emb = await model.infer(img, 'flatten_1').data();
    let n = 0; for (const e of emb) n += e * e;
    const probs = {}; for (const p of preds) probs[p.className] = p.probability;
    console.log(JSON.stringify({file: f.split('/').pop().replace(/\.rgb$/, ''), probs,
      embedding_l2: Math.sqrt(n), embedding_head: Array.from(emb.slice(0, 8)),
      embedding_argmax: emb.indexOf(Math.max(...emb))}));
  }
})();
