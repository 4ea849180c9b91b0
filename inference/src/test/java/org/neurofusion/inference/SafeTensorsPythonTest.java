package org.neurofusion.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.inference.SafeTensors.Contents;
import org.neurofusion.inference.SafeTensors.Tensor;

/**
 * Checks the format against an independent reading and writing in Python, which parses the layout by hand
 * with {@code struct} and {@code json} and builds the tensors with {@code torch.frombuffer}. Skipped where
 * {@code /usr/bin/python3} or its torch is missing.
 */
class SafeTensorsPythonTest {
    private static final Path PYTHON = PythonTorch.PYTHON;

    /** Reads a file given as argv[2] ("read") or writes one there ("write"); reading prints JSON. */
    private static final String SCRIPT = """
            import json, struct, sys
            import torch

            def read(path):
                with open(path, 'rb') as f:
                    data = f.read()
                (n,) = struct.unpack('<Q', data[:8])
                header = json.loads(data[8:8 + n].decode('utf-8'))
                metadata = header.pop('__metadata__', {})
                buf = data[8 + n:]
                tensors = {}
                for name, e in header.items():
                    assert e['dtype'] == 'F32', e
                    begin, end = e['data_offsets']
                    if end > begin:
                        flat = torch.frombuffer(bytearray(buf[begin:end]), dtype=torch.float32)
                    else:
                        flat = torch.zeros(0, dtype=torch.float32)  # frombuffer refuses an empty buffer
                    t = flat.reshape(e['shape'])
                    tensors[name] = {'shape': list(t.shape), 'begin': begin,
                                     'bits': t.reshape(-1).view(torch.int32).tolist()}
                print(json.dumps({'header_size': n, 'order': list(header.keys()),
                                  'metadata': metadata, 'tensors': tensors}))

            def write(path):
                tensors = {
                    'w': (torch.arange(6, dtype=torch.float32).reshape(2, 3) - 2.5) / 8,
                    's': torch.tensor(3.5, dtype=torch.float32),
                    'e': torch.zeros((0, 4), dtype=torch.float32),
                    'b': torch.tensor([float('inf'), -0.0, 1e-45], dtype=torch.float32),
                }
                header = {'__metadata__': {'format': 'pt', 'by': 'python'}}
                chunks, offset = [], 0
                for name, t in tensors.items():
                    flat = t.reshape(-1).tolist()
                    raw = struct.pack('<%df' % len(flat), *flat)
                    header[name] = {'dtype': 'F32', 'shape': list(t.shape),
                                    'data_offsets': [offset, offset + len(raw)]}
                    chunks.append(raw)
                    offset += len(raw)
                h = json.dumps(header).encode('utf-8')
                h += b' ' * (-len(h) % 8)
                with open(path, 'wb') as f:
                    f.write(struct.pack('<Q', len(h)) + h + b''.join(chunks))

            assert sys.byteorder == 'little'  # torch.frombuffer reads native order
            {'read': read, 'write': write}[sys.argv[1]](sys.argv[2])
            """;

    @TempDir
    Path dir;

    @BeforeAll
    static void needsPythonWithTorch() throws IOException, InterruptedException {
        PythonTorch.assume("torch", "the safetensors cross-check");
    }

    @Test
    void pythonReadsWhatJavaWrites() throws Exception {
        Map<String, Tensor> tensors = SafeTensorsTest.sample();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("note", "ünïcode");
        Path file = dir.resolve("java.safetensors");
        SafeTensors.write(file, tensors, metadata);

        JsonNode out = new ObjectMapper().readTree(python("read", file));
        assertEquals(0, out.get("header_size").asLong() % 8);
        List<String> order = new ArrayList<>();
        out.get("order").forEach(n -> order.add(n.asText()));
        assertEquals(List.copyOf(tensors.keySet()), order);
        assertEquals(metadata, new ObjectMapper().convertValue(out.get("metadata"),
                new TypeReference<Map<String, String>>() { }));
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            JsonNode t = out.get("tensors").get(e.getKey());
            long[] shape = new long[t.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.get("shape").get(i).asLong();
            }
            assertArrayEquals(e.getValue().shape(), shape, e.getKey());
            float[] values = e.getValue().values();
            int[] expectedBits = new int[values.length];
            for (int i = 0; i < values.length; i++) {
                expectedBits[i] = Float.floatToRawIntBits(values[i]);
            }
            int[] bits = new int[t.get("bits").size()];
            for (int i = 0; i < bits.length; i++) {
                bits[i] = t.get("bits").get(i).asInt();
            }
            assertArrayEquals(expectedBits, bits, e.getKey());
        }
    }

    @Test
    void javaReadsWhatPythonWrites() throws Exception {
        Path file = dir.resolve("python.safetensors");
        python("write", file);
        Contents read = SafeTensors.read(file);
        assertEquals(List.of("w", "s", "e", "b"), List.copyOf(read.tensors().keySet()));
        assertEquals(Map.of("format", "pt", "by", "python"), read.metadata());
        float[] w = new float[6];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i - 2.5f) / 8;
        }
        assertEquals(new Tensor(new long[] {2, 3}, w), read.tensors().get("w"));
        assertEquals(new Tensor(new long[0], new float[] {3.5f}), read.tensors().get("s"));
        assertEquals(new Tensor(new long[] {0, 4}, new float[0]), read.tensors().get("e"));
        assertEquals(new Tensor(new long[] {3}, new float[] {Float.POSITIVE_INFINITY, -0.0f, Float.MIN_VALUE}),
                read.tensors().get("b"));
    }

    /** Runs the script; returns its standard output, or fails with its standard error. */
    private String python(String mode, Path file) throws IOException, InterruptedException {
        Path script = dir.resolve("check.py");
        Files.writeString(script, SCRIPT);
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), mode, file.toString())
                .redirectError(err.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python " + mode + " did not finish in 120 s");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("python " + mode + " failed: " + Files.readString(err));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
