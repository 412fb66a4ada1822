"""Dumps an HDF5 file as JSON for kerasts's tests: every attribute (with how h5py returns it),
every dataset (dtype, shape, values), and the weights as Keras 2.2's
load_weights_from_hdf5_group reads them (layer_names -> weight_names -> datasets)."""
import json
import sys

import h5py
import numpy as np


def attr(value):
    if isinstance(value, bytes):
        return {'kind': 'bytes', 'value': value.decode('utf8')}
    if isinstance(value, str):
        return {'kind': 'str', 'value': value}
    if isinstance(value, np.ndarray):
        items = [x.decode('utf8') if isinstance(x, bytes) else x.item() for x in value.ravel()]
        return {'kind': 'array', 'dtype': value.dtype.str, 'value': items}
    return {'kind': type(value).__name__, 'value': str(value)}


def keras2_weights(group):
    # As Keras 2.2's loader: names are bytes arrays it decodes; layers without weights are skipped.
    layers = []
    for name in [n.decode('utf8') for n in group.attrs['layer_names']]:
        g = group[name]
        weight_names = [n.decode('utf8') for n in g.attrs['weight_names']]
        if weight_names:
            layers.append({'layer': name, 'weights': [
                {'name': w, 'dtype': g[w].dtype.str, 'shape': list(g[w].shape), 'values': np.asarray(g[w]).ravel().tolist()}
                for w in weight_names]})
    return layers


def main(path, mode):
    out = {'attrs': {}, 'datasets': {}, 'groups': []}
    with h5py.File(path, 'r') as f:
        out['attrs']['/'] = {k: attr(f.attrs[k]) for k in f.attrs}

        def visit(name, obj):
            out['attrs'][name] = {k: attr(obj.attrs[k]) for k in obj.attrs}
            if isinstance(obj, h5py.Dataset):
                out['datasets'][name] = {'dtype': obj.dtype.str, 'shape': list(obj.shape), 'values': np.asarray(obj).ravel().tolist()}
            else:
                out['groups'].append(name)
        f.visititems(visit)
        if mode == 'keras2':
            out['keras2_weights'] = keras2_weights(f['model_weights'] if 'model_weights' in f else f)
    print(json.dumps(out))


main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else '')
