package dev.skiff.store.embedded;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.etcd.jetcd.api.LeaseGrpc;
import io.etcd.jetcd.api.ResponseHeader;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * etcd's {@code Lease/LeaseLeases} (what {@code etcdctl lease list} calls). jetcd-grpc's proto
 * predates it, so there is no generated class: the method is registered by hand next to the
 * generated ones, with a marshaller for its two tiny messages — {@code LeaseLeasesRequest {}} and
 * {@code LeaseLeasesResponse { ResponseHeader header = 1; repeated LeaseStatus leases = 2; }}
 * where {@code LeaseStatus { int64 ID = 1; }}.
 */
final class LeaseLeases {
    static final String FULL_METHOD_NAME = MethodDescriptor.generateFullMethodName(LeaseGrpc.SERVICE_NAME, "LeaseLeases");

    /** The request carries no fields; unknown ones are skipped as protobuf requires. */
    record Request() {}

    /** The answer: the live lease ids, in ascending order. */
    record Response(ResponseHeader header, List<Long> ids) {}

    static final MethodDescriptor<Request, Response> METHOD = MethodDescriptor.<Request, Response>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(FULL_METHOD_NAME)
            .setRequestMarshaller(new RequestMarshaller())
            .setResponseMarshaller(new ResponseMarshaller())
            .build();

    private LeaseLeases() {}

    /** The generated Lease service plus LeaseLeases, as one service definition. */
    static ServerServiceDefinition withLeaseLeases(LeaseService generated, Backend backend) {
        ServerServiceDefinition.Builder service = ServerServiceDefinition.builder(LeaseGrpc.SERVICE_NAME);
        generated.bindService().getMethods().forEach(service::addMethod);
        service.addMethod(ServerMethodDefinition.create(METHOD, ServerCalls.asyncUnaryCall(
                (request, out) -> Replies.now(out, () -> answer(backend)))));
        return service.build();
    }

    private static Response answer(Backend backend) {
        long revision = backend.revision();
        List<Long> ids = new ArrayList<>(backend.leases().ids());
        ids.sort(null);
        return new Response(backend.identity().header(revision), ids);
    }

    static final class RequestMarshaller implements MethodDescriptor.Marshaller<Request> {
        @Override
        public InputStream stream(Request value) {
            return new ByteArrayInputStream(new byte[0]);
        }

        @Override
        public Request parse(InputStream stream) {
            try {
                stream.transferTo(java.io.OutputStream.nullOutputStream()); // LeaseLeasesRequest has no fields
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Request();
        }
    }

    static final class ResponseMarshaller implements MethodDescriptor.Marshaller<Response> {
        @Override
        public InputStream stream(Response value) {
            return new ByteArrayInputStream(encode(value));
        }

        @Override
        public Response parse(InputStream stream) {
            try {
                return decode(CodedInputStream.newInstance(stream));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static byte[] encode(Response value) {
        int size = CodedOutputStream.computeMessageSize(1, value.header());
        for (long id : value.ids()) {
            size += CodedOutputStream.computeTagSize(2) + CodedOutputStream.computeUInt32SizeNoTag(statusSize(id)) + statusSize(id);
        }
        byte[] bytes = new byte[size];
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeMessage(1, value.header());
            for (long id : value.ids()) {
                out.writeTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(statusSize(id));
                out.writeInt64(1, id);
            }
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes;
    }

    private static int statusSize(long id) {
        return CodedOutputStream.computeInt64Size(1, id);
    }

    static Response decode(CodedInputStream in) throws IOException {
        ResponseHeader header = ResponseHeader.getDefaultInstance();
        List<Long> ids = new ArrayList<>();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> header = ResponseHeader.parseFrom(in.readBytes());
                case 2 -> ids.add(decodeStatus(CodedInputStream.newInstance(in.readBytes().toByteArray())));
                default -> in.skipField(tag);
            }
        }
        return new Response(header, ids);
    }

    private static long decodeStatus(CodedInputStream in) throws IOException {
        long id = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == 1) {
                id = in.readInt64();
            } else {
                in.skipField(tag);
            }
        }
        return id;
    }
}
