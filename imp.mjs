await import('@tensorflow/tfjs');
