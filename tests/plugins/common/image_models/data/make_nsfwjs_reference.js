// Usage (scratch dir outside the repo): npm install nsfwjs@4.4.0 @tensorflow/tfjs@4; node make_nsfwjs_reference.js IMG.rgb...
// IMG.rgb: raw 224x224x3 RGB bytes (see "input" in nsfwjs_reference.json).
// Reference nsfwjs@4.4.0 outputs with its own code and TF.js (CPU backend) on 224x224 RGB.
const tf = require('@tensorflow/tfjs');
const nsfwjs = require('nsfwjs');
const fs = require('fs');
(async () => {
  await tf.setBackend('cpu');
  const model = await nsfwjs.load('MobileNetV2');
  for (const f of process.argv.slice(2)) {
    const buf = fs.readFileSync(f);
    const img = tf.tensor3d(new Int32Array(buf), [224, 224, 3], 'int32');
    const preds = await model.classify(img, 5);
    const emb = await model.infer(img, 'flatten_1').data();
    let n = 0; for (const e of emb) n += e * e;
    const probs = {}; for (const p of preds) probs[p.className] = p.probability;
    console.log(JSON.stringify({file: f.split('/').pop().replace(/\.rgb$/, ''), probs,
      embedding_l2: Math.sqrt(n), embedding_head: Array.from(emb.slice(0, 8)),
      embedding_argmax: emb.indexOf(Math.max(...emb))}));
  }
})();
