"""Dumps a Keras 3 .keras archive as JSON for kerasts's tests: the zip entries, metadata.json
and config.json parsed, and model.weights.h5 opened from inside the zip as Keras 3's
H5IOStore opens it (every group, every dataset with dtype, shape and values)."""
import json
import sys
import zipfile

import h5py
import numpy as np


def main(path):
    out = {'entries': [], 'groups': [], 'datasets': {}, 'attrs': {}}
    with zipfile.ZipFile(path, 'r') as zf:
        out['entries'] = [{'name': i.filename, 'compress_type': i.compress_type, 'size': i.file_size} for i in zf.infolist()]
        out['metadata'] = json.loads(zf.read('metadata.json'))
        out['config'] = json.loads(zf.read('config.json'))
        with zf.open('model.weights.h5', 'r') as f, h5py.File(f, 'r') as h5:
            def visit(name, obj):
                if obj.attrs:
                    out['attrs'][name] = sorted(obj.attrs.keys())
                if isinstance(obj, h5py.Dataset):
                    out['datasets'][name] = {'dtype': obj.dtype.str, 'shape': list(obj.shape), 'values': np.asarray(obj).ravel().tolist()}
                else:
                    out['groups'].append(name)
            h5.visititems(visit)
    print(json.dumps(out))


main(sys.argv[1])
